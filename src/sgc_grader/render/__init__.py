"""Results -> what people and programs read: text, Markdown, JSON, HTML."""
