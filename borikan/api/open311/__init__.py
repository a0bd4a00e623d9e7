"""Open311 GeoReport v2 at /open311/v2/: complaint clients file and follow cases (SPEC §4.10).

`formats` writes the specification's JSON and XML, `mapping` turns catalogue services and cases
into its records, `views` answers the endpoints. Cases are opened through `cases.services` and
read through `cases.selectors`, as every other entry does."""
