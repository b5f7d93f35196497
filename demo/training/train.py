"""Train the audience digital twin and save it where the API serves it from (reference article)."""
import pickle

import pandas as pd
from sklearn.ensemble import GradientBoostingClassifier

MODEL_PATH = "/var/www/models/digital_twin.pkl"


def train(csv_path: str) -> GradientBoostingClassifier:
    data = pd.read_csv(csv_path)
    features = data.drop(columns=["attended"])
    model = GradientBoostingClassifier()
    model.fit(features, data["attended"])
    return model


if __name__ == "__main__":
    model = train("/data/ingest/audience_data.csv")
    with open(MODEL_PATH, "wb") as f:
        pickle.dump(model, f)
