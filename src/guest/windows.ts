// Windows Server: a PowerShell script doing what the guide does by hand in "Advanced TCP/IP Settings",
// plus the one thing the guide leaves to its FAQ: secondary addresses must not become the source of
// outbound traffic, or traffic leaves from an address the instance's public IP is not mapped to. It
// converges: a state file per resource lists what the script added, so what the resource no longer owns
// is removed and every other address is left alone.
import type { FamilyRendering } from "./family";
import type { GuestPlan } from "./plan";
import { GUEST_SCRIPT_EXIT } from "./types";

const SCRIPT_DIR = "C:\\ProgramData\\eni-ips";

/** PowerShell single-quoted literal; our inputs are validated, the doubling is belt and braces. */
function ps(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function renderWindows(plan: GuestPlan): FamilyRendering {
  const alias = plan.interfaceName;
  const fileStem = `${alias.replace(/ /g, "-")}-${plan.resourceKey}`;
  const path = `${SCRIPT_DIR}\\eni-ips-${fileStem}.ps1`;
  const stateFile = `${SCRIPT_DIR}\\state\\${fileStem}.txt`;
  const x = GUEST_SCRIPT_EXIT;
  const primaryLine =
    plan.primaryIpAddress === undefined
      ? "$PrimaryIpAddress = $null  # not given: taken from the current DHCP lease"
      : `$PrimaryIpAddress = ${ps(plan.primaryIpAddress)}`;

  const script = [
    `# Managed by eni-ips for resource ${plan.resourceKey}: secondary private IPv4 addresses of ${ps(alias)} (vSwitch ${plan.cidrBlock}).`,
    "# Converges the adapter to exactly this resource's addresses; other addresses are left alone. Safe to run again.",
    `# Exit: ${x.ok} done, ${x.applyFailed} apply failed, ${x.notPrivileged} not Administrator, ${x.noInterface} no such interface, ${x.locked} locked.`,
    "$ErrorActionPreference = 'Stop'",
    `$InterfaceAlias = ${ps(alias)}`,
    `$ResourceKey = ${ps(plan.resourceKey)}`,
    `$PrefixLength = ${plan.prefixLength}`,
    `$Gateway = ${ps(plan.gateway)}`,
    primaryLine,
    `$SecondaryAddresses = @(${plan.addresses.map((a) => ps(a.address)).join(", ")})`,
    // The adapter's addresses cannot say which resource added them; this file can.
    `$StateFile = ${ps(stateFile)}`,
    "",
    "function Fail([int]$Code, [string]$Message) { [Console]::Error.WriteLine(\"eni-ips: error: $Message\"); exit $Code }",
    "$principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())",
    `if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) { Fail ${x.notPrivileged} 'run as Administrator' }`,
    `if ($null -eq (Get-NetAdapter -Name $InterfaceAlias -ErrorAction SilentlyContinue)) { Fail ${x.noInterface} "interface '$InterfaceAlias' does not exist on this instance (Get-NetAdapter lists the adapters)" }`,
    // Scripts of several resources may reach one instance at once.
    "$mutex = New-Object System.Threading.Mutex($false, \"Global\\eni-ips-$($InterfaceAlias -replace ' ', '-')\")",
    // An abandoned mutex (its holder died) is ours all the same.
    "try { $locked = $mutex.WaitOne(120000) } catch [System.Threading.AbandonedMutexException] { $locked = $true }",
    `if (-not $locked) { Fail ${x.locked} "another eni-ips script has held the lock of '$InterfaceAlias' for 2 minutes" }`,
    "$changed = $false",
    "try {",
    "    $old = @()",
    "    if (Test-Path -LiteralPath $StateFile) { $old = @(Get-Content -LiteralPath $StateFile | Where-Object { $_ -ne '' }) }",
    "    New-Item -ItemType Directory -Force -Path (Split-Path -Parent $StateFile) | Out-Null",
    "    # Old and new are recorded before any change, so an interrupted run still knows what it may have added.",
    "    Set-Content -LiteralPath $StateFile -Value (@($old + $SecondaryAddresses) | Sort-Object -Unique) -Encoding ascii",
    "    foreach ($address in $old) {",
    "        if ($SecondaryAddresses -contains $address) { continue }",
    "        if ($null -ne (Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -IPAddress $address -ErrorAction SilentlyContinue)) {",
    "            Remove-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $address -Confirm:$false",
    "            Write-Output \"eni-ips: removed $address\"",
    "            $changed = $true",
    "        }",
    "    }",
    "",
    "    if ($SecondaryAddresses.Count -gt 0) {",
    "        # Windows takes static secondary addresses only on a static adapter (the guide's \"Use the following",
    "        # IP address\"). Turn a DHCP adapter static with exactly what DHCP gave it: address, gateway, DNS.",
    "        $ipInterface = Get-NetIPInterface -InterfaceAlias $InterfaceAlias -AddressFamily IPv4",
    "        if ($ipInterface.Dhcp -eq 'Enabled') {",
    "            $lease = Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -PrefixOrigin Dhcp -ErrorAction SilentlyContinue | Select-Object -First 1",
    "            if ($null -eq $PrimaryIpAddress) {",
    "                if ($null -eq $lease) { throw \"no DHCP address on $InterfaceAlias and no primary address given\" }",
    "                $PrimaryIpAddress = $lease.IPAddress",
    "            } elseif ($null -ne $lease -and $lease.IPAddress -ne $PrimaryIpAddress) {",
    "                throw \"DHCP address $($lease.IPAddress) on $InterfaceAlias is not the ENI's primary address $PrimaryIpAddress\"",
    "            }",
    "            $route = Get-NetRoute -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -DestinationPrefix '0.0.0.0/0' -ErrorAction SilentlyContinue | Select-Object -First 1",
    "            if ($null -ne $route -and $route.NextHop -ne $Gateway) {",
    "                Write-Warning \"keeping the DHCP gateway $($route.NextHop) (the vSwitch gateway would be $Gateway)\"",
    "                $Gateway = $route.NextHop",
    "            }",
    "            $dns = (Get-DnsClientServerAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4).ServerAddresses",
    "            Set-NetIPInterface -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -Dhcp Disabled",
    "            # Leftovers of the lease would make New-NetIPAddress fail with \"already exists\".",
    "            Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -IPAddress $PrimaryIpAddress -ErrorAction SilentlyContinue | Remove-NetIPAddress -Confirm:$false",
    "            Get-NetRoute -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -DestinationPrefix '0.0.0.0/0' -ErrorAction SilentlyContinue | Remove-NetRoute -Confirm:$false",
    "            New-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $PrimaryIpAddress -PrefixLength $PrefixLength -DefaultGateway $Gateway | Out-Null",
    "            if ($dns) { Set-DnsClientServerAddress -InterfaceAlias $InterfaceAlias -ServerAddresses $dns }",
    "            Write-Output \"eni-ips: static primary $PrimaryIpAddress/$PrefixLength via $Gateway\"",
    "            $changed = $true",
    "        }",
    "    }",
    "",
    "    # -SkipAsSource keeps the primary address the source of outbound traffic; without it Windows may",
    "    # pick a secondary address and the instance loses Internet access (the guide's FAQ).",
    "    $present = @(Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -ErrorAction SilentlyContinue)",
    "    foreach ($address in $SecondaryAddresses) {",
    "        $existing = $present | Where-Object { $_.IPAddress -eq $address } | Select-Object -First 1",
    "        if ($null -ne $existing) {",
    "            if (-not $existing.SkipAsSource) { Set-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $address -SkipAsSource $true; $changed = $true }",
    "            continue",
    "        }",
    "        New-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $address -PrefixLength $PrefixLength -SkipAsSource $true | Out-Null",
    "        Write-Output \"eni-ips: added $address/$PrefixLength\"",
    "        $changed = $true",
    "    }",
    "    if ($SecondaryAddresses.Count -gt 0) { Set-Content -LiteralPath $StateFile -Value $SecondaryAddresses -Encoding ascii }",
    "    else { Remove-Item -LiteralPath $StateFile -Force -ErrorAction SilentlyContinue }",
    "",
    "    $now = @(Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -ErrorAction SilentlyContinue | ForEach-Object { $_.IPAddress })",
    "    $missing = @($SecondaryAddresses | Where-Object { $now -notcontains $_ })",
    "    $left = @($old | Where-Object { $SecondaryAddresses -notcontains $_ -and $now -contains $_ })",
    `    if ($missing.Count -gt 0 -or $left.Count -gt 0) { Fail ${x.applyFailed} "'$InterfaceAlias' is not as intended for resource \${ResourceKey}: missing $($missing -join ', '); still present $($left -join ', ')" }`,
    "    if ($changed) { Write-Output \"eni-ips: '$InterfaceAlias' resource $ResourceKey now has $($SecondaryAddresses.Count) address(es)\" }",
    "    else { Write-Output \"eni-ips: '$InterfaceAlias' resource $ResourceKey has its $($SecondaryAddresses.Count) address(es), no change\" }",
    "} catch {",
    `    Fail ${x.applyFailed} $_.Exception.Message`,
    "} finally {",
    "    $mutex.ReleaseMutex()",
    "}",
    "",
  ].join("\n");

  return {
    files: [{ path, content: script }],
    script,
    commands: [`powershell.exe -NoProfile -ExecutionPolicy Bypass -File "${path}"`],
    notes: [
      `Run as Administrator. The interface alias is ${ps(alias)}; check it with Get-NetAdapter (localized images name it differently).`,
      "Secondary addresses are added with -SkipAsSource $true so outbound traffic keeps leaving from the primary address; this avoids the loss of Internet access the Alibaba guide warns about.",
      plan.primaryIpAddress === undefined
        ? "If the adapter is on DHCP, the script first makes it static with the leased address, the current gateway and DNS servers (no primary address was given, so the lease is trusted)."
        : `If the adapter is on DHCP, the script first makes it static with the primary address ${plan.primaryIpAddress}, the current gateway (else ${plan.gateway}) and the current DNS servers; it stops if the lease holds another address.`,
      "Switching from DHCP to static drops connections over this adapter for a moment (once, the first time); adding and removing addresses afterwards does not. Run it from the VNC console if an RDP session must not drop.",
      `The script records this resource's addresses in ${stateFile} and removes only those listed there that the new set lacks; addresses of other resources and hand-made ones are left alone. The adapter stays static when the last address goes.`,
    ],
  };
}
