"""落户受理 core: models, rules engine, store, printing and exchange. Imports no Qt."""
