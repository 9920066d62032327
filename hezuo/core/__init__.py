"""Pure-Python core of Hezuo: validators, calculators and (later) the matching engine.

Nothing under this package imports Django, so it can be used and tested on its own.
"""
