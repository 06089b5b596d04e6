// A copy of examples/ci-preview/plan.yaml compiled into the package, so `eni-ips demo` works from an
// installed package (whose files are dist/ only). The demo prefers the examples/ file when present;
// tests/cli/demo.test.ts fails when this copy drifts from it.
export const DEMO_PLAN_FILE = "examples/ci-preview/plan.yaml";

export const DEMO_PLAN_YAML = `# eni-ips plan for the bundled demo account (the emulator's demo seed, region cn-hangzhou).
# The first four declarations pass; every other one breaks one rule, named in its comment, so the
# preview shows each violation code once. Run it:
#   eni-ips preview examples/ci-preview/plan.yaml --snapshot examples/ci-preview/snapshot.json
regionId: cn-hangzhou
limits:
  profile: default
declarations:
  # --- these pass ---------------------------------------------------------------------------
  - name: web-vips                 # two fixed addresses on a running instance's primary ENI
    networkInterfaceId: eni-bp1demoweb01
    privateIpAddresses:
      - 10.0.1.13
      - 10.0.1.14
  - name: data-plane               # let the cloud pick two on a bound secondary ENI
    networkInterfaceId: eni-bp1demobound
    secondaryPrivateIpAddressCount: 2
  - name: batch-workers            # a Stopped instance may take addresses
    networkInterfaceId: eni-bp1demostopped
    privateIpAddresses: [10.0.1.41, 10.0.1.42, 10.0.1.43]
  - name: advanced-pool            # advanced security group: no private-IP quota
    networkInterfaceId: eni-bp1demoadv
    secondaryPrivateIpAddressCount: 4

  # --- each of these breaks one rule ----------------------------------------------------------
  - name: typo-address             # invalid_ip: 256 is not an octet
    networkInterfaceId: eni-bp1demoweb01
    privateIpAddresses: [10.0.1.256]
  - name: web-vips-again           # duplicate_ip: web-vips already declares 10.0.1.13
    networkInterfaceId: eni-bp1demobound
    privateIpAddresses: [10.0.1.13]
  - name: wrong-subnet             # outside_vswitch_cidr: vsw-bp1demoapp is 10.0.1.0/24
    networkInterfaceId: eni-bp1demostopped
    privateIpAddresses: [10.0.3.5]
  - name: broadcast-address        # reserved_ip: the last three addresses of a vSwitch are Alibaba's
    networkInterfaceId: eni-bp1demostopped
    privateIpAddresses: [10.0.1.254]
  - name: taken-address            # ip_in_use: 10.0.1.11 is a secondary address of eni-bp1demoweb01
    networkInterfaceId: eni-bp1demostopped
    privateIpAddresses: [10.0.1.11]
  - name: list-and-count           # conflicting_args: a list or a count, not both
    networkInterfaceId: eni-bp1demofree
    privateIpAddresses: [10.0.1.101]
    secondaryPrivateIpAddressCount: 1
  - name: zero-count               # invalid_count: at least 1
    networkInterfaceId: eni-bp1demofree
    secondaryPrivateIpAddressCount: 0
  - name: missing-eni              # eni_not_found: no such ENI in the account
    networkInterfaceId: eni-bp1doesnotexist
    secondaryPrivateIpAddressCount: 1
  - name: detaching-eni            # eni_state: eni-bp1demodetach is Detaching (Available or InUse only)
    networkInterfaceId: eni-bp1demodetach
    secondaryPrivateIpAddressCount: 1
  - name: starting-instance        # instance_state: the instance is Starting (Running or Stopped only)
    networkInterfaceId: eni-bp1demostarting
    secondaryPrivateIpAddressCount: 1
  - name: full-eni                 # eni_ip_limit: ecs.g6.large takes 6 addresses per ENI, all used
    networkInterfaceId: eni-bp1demoweb02
    secondaryPrivateIpAddressCount: 1
  - name: fleet-burst              # security_group_quota: sg-bp1demofull has 10 of 2,000 left
    networkInterfaceId: eni-bp1fleetsparesec
    secondaryPrivateIpAddressCount: 11
  - name: small-subnet             # vswitch_exhausted: vsw-bp1demosmall has 2 free addresses
    networkInterfaceId: eni-bp1demosmallb
    secondaryPrivateIpAddressCount: 3
`;
