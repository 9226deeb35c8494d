"""The evaluator: pure functions from an application and a rule set to a decision."""
