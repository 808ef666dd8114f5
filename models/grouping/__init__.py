"""Similar comments grouped as suggestions (pure, no I/O). The engine (scikit-learn) is
models/grouping/engine.py, imported only where groups are computed; normalise.py and
wording.py are light enough for every page."""
