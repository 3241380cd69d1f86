"""The site: library indexes, page rendering, open-data export, handout HTML, the engine glue and the atomic build; uses profile and zh."""
