"""Training and cross-validating the decision model (needs scikit-learn: pip install kneebot[train])."""
