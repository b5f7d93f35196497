"""Fine-tunes the audience model and logs the run. Bad: credentials are written into the script."""
import wandb
from huggingface_hub import login
from openai import OpenAI

# Bad: a Hugging Face token (fake: right shape, not a real token)
login(token="hf_TwinGuardDemoFakeTokenNotRealKeyQz")

# Bad: the W&B key next to wandb.login (fake hex words)
wandb.login(key="c0ffee0ddba115eedfacade1337decaf0b5e55ed")

# Bad: the MLflow tracking URI carries a password
MLFLOW_TRACKING_URI = "https://trainer:Tw1nGuard-demo-Pw@mlflow.internal.example"

# Bad: an OpenAI project key used to label data (fake: it says so)
client = OpenAI(api_key="sk-proj-TwinGuard-demo-fake-key-not-for-use-T3BlbkFJ-TwinGuard-demo-fake-key-never-valid")


def train() -> None:
    run = wandb.init(project="audience-model")
    run.finish()
