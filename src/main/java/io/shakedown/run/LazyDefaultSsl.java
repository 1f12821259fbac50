package io.shakedown.run;

import java.security.KeyManagementException;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JVM's default TLS context, made on the first HTTPS connection instead of when the HTTP client is built: building
 * it loads the trust store and the TLS provider (50-200 ms of a fresh JVM, on the run's critical path), and most runs
 * speak plain HTTP to a container on loopback and to the Docker engine over its Unix socket (the probes' HTTP client
 * and the Docker client both take this one). Everything is delegated to {@link SSLContext#getDefault()}: the same
 * trust store, protocols and cipher suites as before.
 */
public final class LazyDefaultSsl extends SSLContext {
    public static final LazyDefaultSsl INSTANCE = new LazyDefaultSsl();

    private LazyDefaultSsl() {
        super(new Spi(), null, "Default");
    }

    private static final class Spi extends SSLContextSpi {
        private static SSLContext real() {
            try {
                return SSLContext.getDefault(); // made once per JVM, then cached by the JDK
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("no default TLS context in this JVM: " + e.getMessage(), e);
            }
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) throws KeyManagementException {
            throw new KeyManagementException("the default TLS context is initialised by the JVM"); // as the JDK's own "Default" does
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return real().getSocketFactory();
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return real().getServerSocketFactory();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return real().createSSLEngine();
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return real().createSSLEngine(host, port);
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return real().getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return real().getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return real().getDefaultSSLParameters();
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return real().getSupportedSSLParameters();
        }
    }
}
