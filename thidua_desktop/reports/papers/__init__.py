"""The desk's papers: their contents, as Word drafts from the desk's templates, as PDF and as printable Excel sheets."""
