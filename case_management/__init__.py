from . import cron_reconnect
from . import models
from . import wizard
from . import controllers
from .hooks import uninstall_hook
