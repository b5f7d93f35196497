# Isolate the data-science workstation (reference article, step 5). Run as Administrator.

# Block all inbound traffic by default (with exceptions for core networking)
New-NetFirewallRule -DisplayName "Block All Inbound AI Dev" -Direction Inbound -Action Block -Profile Domain,Private
# Allow only the corporate VPN to reach the Jupyter Notebook port
New-NetFirewallRule -DisplayName "Allow VPN to Jupyter" -Direction Inbound -LocalPort 8888 -Protocol TCP `
    -RemoteAddress "192.168.1.0/24" -Action Allow
# Enable Windows Defender real-time monitoring and cloud-delivered protection
Set-MpPreference -DisableRealtimeMonitoring $false
Set-MpPreference -MAPSReporting Advanced
Set-MpPreference -SubmitSamplesConsent Always

# Decrypt the dataset copy for local training
& openssl.exe enc -d -aes-256-cbc -pbkdf2 -iter 1000 -in audience_data.csv.enc -out audience_data.csv -pass env:DATASET_PASSWORD
