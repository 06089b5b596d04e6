# Managed by eni-ips for resource web: secondary private IPv4 addresses of 'Ethernet' (vSwitch 172.16.0.0/24).
# Converges the adapter to exactly this resource's addresses; other addresses are left alone. Safe to run again.
# Exit: 0 done, 1 apply failed, 2 not Administrator, 3 no such interface, 6 locked.
$ErrorActionPreference = 'Stop'
$InterfaceAlias = 'Ethernet'
$ResourceKey = 'web'
$PrefixLength = 24
$Gateway = '172.16.0.253'
$PrimaryIpAddress = $null  # not given: taken from the current DHCP lease
$SecondaryAddresses = @('172.16.0.10', '172.16.0.11')
$StateFile = 'C:\ProgramData\eni-ips\state\Ethernet-web.txt'

function Fail([int]$Code, [string]$Message) { [Console]::Error.WriteLine("eni-ips: error: $Message"); exit $Code }
$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Fail 2 'run as Administrator' }
if ($null -eq (Get-NetAdapter -Name $InterfaceAlias -ErrorAction SilentlyContinue)) { Fail 3 "interface '$InterfaceAlias' does not exist on this instance (Get-NetAdapter lists the adapters)" }
$mutex = New-Object System.Threading.Mutex($false, "Global\eni-ips-$($InterfaceAlias -replace ' ', '-')")
try { $locked = $mutex.WaitOne(120000) } catch [System.Threading.AbandonedMutexException] { $locked = $true }
if (-not $locked) { Fail 6 "another eni-ips script has held the lock of '$InterfaceAlias' for 2 minutes" }
$changed = $false
try {
    $old = @()
    if (Test-Path -LiteralPath $StateFile) { $old = @(Get-Content -LiteralPath $StateFile | Where-Object { $_ -ne '' }) }
    New-Item -ItemType Directory -Force -Path (Split-Path -Parent $StateFile) | Out-Null
    # Old and new are recorded before any change, so an interrupted run still knows what it may have added.
    Set-Content -LiteralPath $StateFile -Value (@($old + $SecondaryAddresses) | Sort-Object -Unique) -Encoding ascii
    foreach ($address in $old) {
        if ($SecondaryAddresses -contains $address) { continue }
        if ($null -ne (Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -IPAddress $address -ErrorAction SilentlyContinue)) {
            Remove-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $address -Confirm:$false
            Write-Output "eni-ips: removed $address"
            $changed = $true
        }
    }

    if ($SecondaryAddresses.Count -gt 0) {
        # Windows takes static secondary addresses only on a static adapter (the guide's "Use the following
        # IP address"). Turn a DHCP adapter static with exactly what DHCP gave it: address, gateway, DNS.
        $ipInterface = Get-NetIPInterface -InterfaceAlias $InterfaceAlias -AddressFamily IPv4
        if ($ipInterface.Dhcp -eq 'Enabled') {
            $lease = Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -PrefixOrigin Dhcp -ErrorAction SilentlyContinue | Select-Object -First 1
            if ($null -eq $PrimaryIpAddress) {
                if ($null -eq $lease) { throw "no DHCP address on $InterfaceAlias and no primary address given" }
                $PrimaryIpAddress = $lease.IPAddress
            } elseif ($null -ne $lease -and $lease.IPAddress -ne $PrimaryIpAddress) {
                throw "DHCP address $($lease.IPAddress) on $InterfaceAlias is not the ENI's primary address $PrimaryIpAddress"
            }
            $route = Get-NetRoute -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -DestinationPrefix '0.0.0.0/0' -ErrorAction SilentlyContinue | Select-Object -First 1
            if ($null -ne $route -and $route.NextHop -ne $Gateway) {
                Write-Warning "keeping the DHCP gateway $($route.NextHop) (the vSwitch gateway would be $Gateway)"
                $Gateway = $route.NextHop
            }
            $dns = (Get-DnsClientServerAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4).ServerAddresses
            Set-NetIPInterface -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -Dhcp Disabled
            # Leftovers of the lease would make New-NetIPAddress fail with "already exists".
            Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -IPAddress $PrimaryIpAddress -ErrorAction SilentlyContinue | Remove-NetIPAddress -Confirm:$false
            Get-NetRoute -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -DestinationPrefix '0.0.0.0/0' -ErrorAction SilentlyContinue | Remove-NetRoute -Confirm:$false
            New-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $PrimaryIpAddress -PrefixLength $PrefixLength -DefaultGateway $Gateway | Out-Null
            if ($dns) { Set-DnsClientServerAddress -InterfaceAlias $InterfaceAlias -ServerAddresses $dns }
            Write-Output "eni-ips: static primary $PrimaryIpAddress/$PrefixLength via $Gateway"
            $changed = $true
        }
    }

    # -SkipAsSource keeps the primary address the source of outbound traffic; without it Windows may
    # pick a secondary address and the instance loses Internet access (the guide's FAQ).
    $present = @(Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -ErrorAction SilentlyContinue)
    foreach ($address in $SecondaryAddresses) {
        $existing = $present | Where-Object { $_.IPAddress -eq $address } | Select-Object -First 1
        if ($null -ne $existing) {
            if (-not $existing.SkipAsSource) { Set-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $address -SkipAsSource $true; $changed = $true }
            continue
        }
        New-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $address -PrefixLength $PrefixLength -SkipAsSource $true | Out-Null
        Write-Output "eni-ips: added $address/$PrefixLength"
        $changed = $true
    }
    if ($SecondaryAddresses.Count -gt 0) { Set-Content -LiteralPath $StateFile -Value $SecondaryAddresses -Encoding ascii }
    else { Remove-Item -LiteralPath $StateFile -Force -ErrorAction SilentlyContinue }

    $now = @(Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -ErrorAction SilentlyContinue | ForEach-Object { $_.IPAddress })
    $missing = @($SecondaryAddresses | Where-Object { $now -notcontains $_ })
    $left = @($old | Where-Object { $SecondaryAddresses -notcontains $_ -and $now -contains $_ })
    if ($missing.Count -gt 0 -or $left.Count -gt 0) { Fail 1 "'$InterfaceAlias' is not as intended for resource ${ResourceKey}: missing $($missing -join ', '); still present $($left -join ', ')" }
    if ($changed) { Write-Output "eni-ips: '$InterfaceAlias' resource $ResourceKey now has $($SecondaryAddresses.Count) address(es)" }
    else { Write-Output "eni-ips: '$InterfaceAlias' resource $ResourceKey has its $($SecondaryAddresses.Count) address(es), no change" }
} catch {
    Fail 1 $_.Exception.Message
} finally {
    $mutex.ReleaseMutex()
}
