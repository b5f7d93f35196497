# Copy the training set and the model from the workstation to the GPU server over PowerShell remoting.
$session = New-PSSession -ComputerName gpu01
# The session is encrypted; the dataset then sits in clear on gpu01 and in its backups.
Copy-Item -Path .\data\audience_data.csv -Destination D:\ingest -ToSession $session
# Fine: the model is encrypted on the workstation first.
gpg --symmetric --cipher-algo AES256 --output digital_twin.pkl.gpg digital_twin.pkl
Copy-Item -Path digital_twin.pkl.gpg -Destination D:\models -ToSession $session
