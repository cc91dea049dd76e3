# "b": the month's abbreviation as Dutch writes it, without a capital ("nov").
SHORT_DATE_FORMAT = "j b Y"
SHORT_DATETIME_FORMAT = "j b Y, H:i"
