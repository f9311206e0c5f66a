// tools-tool-1
