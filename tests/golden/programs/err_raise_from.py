# Uncaught exception raised from another (chained traceback)
class ConfigError(Exception):
    pass

def load(settings, key):
    try:
        return settings[key]
    except KeyError as e:
        raise ConfigError(f"missing setting {key!r}") from e

cfg = {"host": "localhost"}
print(load(cfg, "host"))
print(load(cfg, "port"))
