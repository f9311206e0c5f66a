// auto
