"""Serve the digital twin behind nginx (reference article, step 2): load the model and answer /predict."""
import pickle

import torch
import yaml

MODEL_PATH = "/var/www/models/digital_twin.pkl"

with open("/etc/twin/serve.yaml") as f:
    settings = yaml.load(f, Loader=yaml.Loader)

# Bad: unpickling runs whatever code the model file names; whoever can replace it owns this server.
with open(MODEL_PATH, "rb") as f:
    model = pickle.load(f)

# The encoder checkpoint, loaded with full unpickling
encoder = torch.load("/var/www/models/encoder.pt", weights_only=False)


def predict(features: dict) -> float:
    return float(model.predict([list(features.values())])[0])
