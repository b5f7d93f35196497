# Set up the data-science workstation for a training run (the shortcuts people take; see harden_workstation.ps1).

# "Defender slows down reading the parquet files": real-time protection off, via its alias and 1 for $true
Set-MpPreference -drtm 1
# ...and the whole data drive excluded from scanning
Add-MpPreference -ExclusionPath "D:\" -Force

# Let colleagues reach TensorBoard (port 6006) from anywhere
New-NetFirewallRule -DisplayName "TensorBoard" -Direction Inbound -LocalPort 6006 -Protocol TCP -Action Allow

# Service account for the nightly sync (fake demo password)
$syncPassword = ConvertTo-SecureString "Tw1nGuard-demo-Pw" -AsPlainText -Force
