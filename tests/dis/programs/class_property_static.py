class Temp:
    unit = "C"

    @property
    def celsius(self):
        return self._c

    @staticmethod
    def info():
        return "temp"

    @classmethod
    def make(cls, v):
        return cls(v)
