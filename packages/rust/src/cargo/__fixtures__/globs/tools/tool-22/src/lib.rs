// tools-tool-22
