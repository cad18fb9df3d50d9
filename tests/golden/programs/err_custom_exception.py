# Uncaught custom exception subclassing Exception
class ValidationError(Exception):
    def __init__(self, field, problem):
        super().__init__(f"{field}: {problem}")
        self.field = field

def validate(record):
    for key in ("id", "name"):
        if key not in record:
            raise ValidationError(key, "is required")
    print("valid", record["id"])

validate({"id": 1, "name": "x"})
validate({"id": 2})
