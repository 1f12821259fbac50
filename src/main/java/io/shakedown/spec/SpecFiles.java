package io.shakedown.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeSet;

/**
 * Files a spec refers to by name ({@code expect.schema: schemas/user.json}): next to the spec file for the
 * one-shot command, or sent along with a submission to the service.
 */
public interface SpecFiles {

    /** The file's text; NoSuchFileException when there is none by that name. */
    String read(String name) throws IOException;

    /** Where names are looked up, for messages. */
    String where(String name);

    /** No files at all. */
    SpecFiles NONE = new SpecFiles() {
        @Override
        public String read(String name) throws IOException {
            throw new NoSuchFileException(name);
        }

        @Override
        public String where(String name) {
            return "no files were given with the spec; write the schema inline, or send the file along "
                    + "(\"files\" of a service submission; next to the spec for shakedown validate)";
        }
    };

    /** Files in (or below) a folder, normally the spec's own. */
    static SpecFiles folder(Path dir) {
        return new SpecFiles() {
            @Override
            public String read(String name) throws IOException {
                return Files.readString(dir.resolve(name).normalize());
            }

            @Override
            public String where(String name) {
                return "looked for " + dir.resolve(name).normalize();
            }
        };
    }

    /** Files sent with a submission, by name. */
    static SpecFiles of(Map<String, String> files) {
        return new SpecFiles() {
            @Override
            public String read(String name) throws IOException {
                String text = files.get(name);
                if (text == null) throw new NoSuchFileException(name);
                return text;
            }

            @Override
            public String where(String name) {
                return files.isEmpty() ? NONE.where(name) : "files sent: " + String.join(", ", new TreeSet<>(files.keySet()));
            }
        };
    }
}
