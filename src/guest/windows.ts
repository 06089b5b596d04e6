// Windows Server: a PowerShell script doing what the guide does by hand in "Advanced TCP/IP Settings",
// plus the one thing the guide leaves to its FAQ: secondary addresses must not become the source of
// outbound traffic, or traffic leaves from an address the instance's public IP is not mapped to.
import type { GuestPlan } from "./plan";
import type { GuestConfig } from "./types";

const SCRIPT_DIR = "C:\\ProgramData\\eni-ips";

/** PowerShell single-quoted literal; our inputs are validated, the doubling is belt and braces. */
function ps(value: string): string {
  return `'${value.replace(/'/g, "''")}'`;
}

export function renderWindows(plan: GuestPlan): GuestConfig {
  const alias = plan.interfaceName;
  const path = `${SCRIPT_DIR}\\eni-ips-${alias.replace(/ /g, "-")}.ps1`;
  const primaryLine =
    plan.primaryIpAddress === undefined
      ? "$PrimaryIpAddress = $null  # not given: taken from the current DHCP lease"
      : `$PrimaryIpAddress = ${ps(plan.primaryIpAddress)}`;

  const script = [
    `# Managed by eni-ips: secondary private IPv4 addresses of ${ps(alias)} (vSwitch ${plan.cidrBlock}).`,
    "# Safe to run again: addresses already present are left in place.",
    "$ErrorActionPreference = 'Stop'",
    `$InterfaceAlias = ${ps(alias)}`,
    `$PrefixLength = ${plan.prefixLength}`,
    `$Gateway = ${ps(plan.gateway)}`,
    primaryLine,
    `$SecondaryAddresses = @(${plan.addresses.map((a) => ps(a.address)).join(", ")})`,
    "",
    "# Windows takes static secondary addresses only on a static adapter (the guide's \"Use the following",
    "# IP address\"). Turn a DHCP adapter static with exactly what DHCP gave it: address, gateway, DNS.",
    "$ipInterface = Get-NetIPInterface -InterfaceAlias $InterfaceAlias -AddressFamily IPv4",
    "if ($ipInterface.Dhcp -eq 'Enabled') {",
    "    $lease = Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -PrefixOrigin Dhcp -ErrorAction SilentlyContinue | Select-Object -First 1",
    "    if ($null -eq $PrimaryIpAddress) {",
    "        if ($null -eq $lease) { throw \"no DHCP address on $InterfaceAlias and no primary address given\" }",
    "        $PrimaryIpAddress = $lease.IPAddress",
    "    } elseif ($null -ne $lease -and $lease.IPAddress -ne $PrimaryIpAddress) {",
    "        throw \"DHCP address $($lease.IPAddress) on $InterfaceAlias is not the ENI's primary address $PrimaryIpAddress\"",
    "    }",
    "    $route = Get-NetRoute -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -DestinationPrefix '0.0.0.0/0' -ErrorAction SilentlyContinue | Select-Object -First 1",
    "    if ($null -ne $route -and $route.NextHop -ne $Gateway) {",
    "        Write-Warning \"keeping the DHCP gateway $($route.NextHop) (the vSwitch gateway would be $Gateway)\"",
    "        $Gateway = $route.NextHop",
    "    }",
    "    $dns = (Get-DnsClientServerAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4).ServerAddresses",
    "    Set-NetIPInterface -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -Dhcp Disabled",
    "    # Leftovers of the lease would make New-NetIPAddress fail with \"already exists\".",
    "    Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -IPAddress $PrimaryIpAddress -ErrorAction SilentlyContinue | Remove-NetIPAddress -Confirm:$false",
    "    Get-NetRoute -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -DestinationPrefix '0.0.0.0/0' -ErrorAction SilentlyContinue | Remove-NetRoute -Confirm:$false",
    "    New-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $PrimaryIpAddress -PrefixLength $PrefixLength -DefaultGateway $Gateway | Out-Null",
    "    if ($dns) { Set-DnsClientServerAddress -InterfaceAlias $InterfaceAlias -ServerAddresses $dns }",
    "    Write-Output \"static primary: $PrimaryIpAddress/$PrefixLength via $Gateway\"",
    "}",
    "",
    "# -SkipAsSource keeps the primary address the source of outbound traffic; without it Windows may",
    "# pick a secondary address and the instance loses Internet access (the guide's FAQ).",
    "$present = @(Get-NetIPAddress -InterfaceAlias $InterfaceAlias -AddressFamily IPv4 -ErrorAction SilentlyContinue)",
    "foreach ($address in $SecondaryAddresses) {",
    "    $existing = $present | Where-Object { $_.IPAddress -eq $address } | Select-Object -First 1",
    "    if ($null -ne $existing) {",
    "        if (-not $existing.SkipAsSource) { Set-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $address -SkipAsSource $true }",
    "        Write-Output \"present: $address\"",
    "        continue",
    "    }",
    "    New-NetIPAddress -InterfaceAlias $InterfaceAlias -IPAddress $address -PrefixLength $PrefixLength -SkipAsSource $true | Out-Null",
    "    Write-Output \"added: $address/$PrefixLength\"",
    "}",
    "",
  ].join("\n");

  return {
    os: "windows",
    files: [{ path, content: script }],
    commands: [`powershell.exe -NoProfile -ExecutionPolicy Bypass -File "${path}"`],
    notes: [
      `Run as Administrator. The interface alias is ${ps(alias)}; check it with Get-NetAdapter (localized images name it differently).`,
      "Secondary addresses are added with -SkipAsSource $true so outbound traffic keeps leaving from the primary address; this avoids the loss of Internet access the Alibaba guide warns about.",
      plan.primaryIpAddress === undefined
        ? "If the adapter is on DHCP, the script first makes it static with the leased address, the current gateway and DNS servers (no primary address was given, so the lease is trusted)."
        : `If the adapter is on DHCP, the script first makes it static with the primary address ${plan.primaryIpAddress}, the current gateway (else ${plan.gateway}) and the current DNS servers; it stops if the lease holds another address.`,
      "Switching from DHCP to static drops connections over this adapter for a moment; run it from the VNC console if an RDP session must not drop.",
      `Removing an address: Remove-NetIPAddress -InterfaceAlias ${ps(alias)} -IPAddress ADDRESS -Confirm:$false (the script only adds).`,
    ],
  };
}
