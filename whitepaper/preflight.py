def check(pdf, fonts_dir):
    return []
