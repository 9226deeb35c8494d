"""County exchange: signed, encrypted USB bundles out of the township hall, verified merge at the
county, and the settlement statistics of 四(十六) and 三(八). Imports no Qt."""
