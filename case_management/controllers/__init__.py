from . import poll
