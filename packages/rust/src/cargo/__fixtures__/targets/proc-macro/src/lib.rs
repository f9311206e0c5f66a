// macros
