require_relative "boot"
