// unlisted
