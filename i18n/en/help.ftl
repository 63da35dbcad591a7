# `--help`. English help is clap's, from the doc comments of the command definitions
# (src/cli/mod.rs); this file holds only the words the code puts in themselves. The Chinese
# help.ftl has a text for every command and argument: its `help-` ids are exempt from the
# parity test (tests/i18n.rs), see src/cli/help.rs for how they are named.

## The heading of the examples after a command's options.
help-examples = Examples:
