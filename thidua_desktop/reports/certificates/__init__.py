"""Certificates (Bằng khen, Giấy khen) as PDF: templates as data, the layout of each line, the drawing, the batch."""
