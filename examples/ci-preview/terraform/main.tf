# The Terraform stack behind terraform/plan.json, on the bundled demo account (the emulator's demo
# seed, region cn-hangzhou). The first part passes; each resource after "each of these breaks one
# rule" breaks the rule its comment names, so `eni-ips preview terraform/plan.json` shows them all.
#   terraform plan -refresh=false -out tfplan && terraform show -json tfplan > plan.json
terraform {
  required_providers {
    alicloud = { source = "aliyun/alicloud", version = "~> 1.230" }
  }
}

provider "alicloud" {
  region = "cn-hangzhou"
}

variable "extra_ips" {
  type    = number
  default = -1 # computed upstream; went negative
}

# --- these pass -------------------------------------------------------------------------------
# A new tier: its own vSwitch (10.0.8.0/28: 12 usable addresses) and basic security group, and two
# ENIs from a module, each with 2 secondary addresses (3 with the primary, 6 on the vSwitch).
resource "alicloud_vswitch" "tier" {
  vpc_id       = "vpc-bp1demovpc"
  cidr_block   = "10.0.8.0/28"
  zone_id      = "cn-hangzhou-h"
  vswitch_name = "tier"
}

resource "alicloud_security_group" "tier" {
  vpc_id              = "vpc-bp1demovpc"
  security_group_name = "tier"
}

module "web" {
  source            = "./modules/eni"
  count             = 2
  vswitch_id        = alicloud_vswitch.tier.id
  security_group_id = alicloud_security_group.tier.id
  secondary_count   = 2
}

# An instance whose primary ENI takes two secondary addresses (ecs.g7.xlarge: 15 per ENI), and an
# ENI attached to it (judged with the Available limit, 10, the stricter of the two).
resource "alicloud_instance" "app" {
  image_id              = "aliyun_3_x64_20G_alibase_20240819.vhd"
  instance_type         = "ecs.g7.xlarge"
  vswitch_id            = "vsw-bp1demoapp"
  security_groups       = ["sg-bp1demobasic"]
  private_ip            = "10.0.1.150"
  secondary_private_ips = ["10.0.1.151", "10.0.1.152"]
  instance_name         = "app"
}

resource "alicloud_ecs_network_interface" "app_data" {
  vswitch_id                         = "vsw-bp1demoapp"
  security_group_ids                 = ["sg-bp1demobasic"]
  network_interface_name             = "app-data"
  secondary_private_ip_address_count = 3
}

resource "alicloud_ecs_network_interface_attachment" "app_data" {
  instance_id          = alicloud_instance.app.id
  network_interface_id = alicloud_ecs_network_interface.app_data.id
}

# An ENI Terraform already manages (imported eni-bp1demobound) takes one more address.
resource "alicloud_ecs_network_interface" "bound" {
  vswitch_id             = "vsw-bp1demoapp"
  security_group_ids     = ["sg-bp1demobasic"]
  network_interface_name = "bound"
  private_ip_addresses   = ["10.0.1.21", "10.0.1.22", "10.0.1.23"]
}

# eni-ips does not judge these: ignored, and counted in a note.
resource "alicloud_eip_address" "app" {
  address_name = "app"
  bandwidth    = "5"
}

resource "alicloud_eip_association" "app" {
  allocation_id = alicloud_eip_address.app.id
  instance_id   = alicloud_instance.app.id
}

# --- each of these breaks one rule --------------------------------------------------------------
resource "alicloud_ecs_network_interface" "typo" { # invalid_ip: 300 is not an octet
  vswitch_id             = "vsw-bp1demoapp"
  security_group_ids     = ["sg-bp1demobasic"]
  network_interface_name = "typo"
  private_ip_addresses   = ["10.0.1.300"]
}

resource "alicloud_ecs_network_interface" "dup" { # duplicate_ip: alicloud_instance.app declares 10.0.1.151
  vswitch_id             = "vsw-bp1demoapp"
  security_group_ids     = ["sg-bp1demobasic"]
  network_interface_name = "dup"
  private_ip_addresses   = ["10.0.1.151"]
}

resource "alicloud_ecs_network_interface" "wrong_subnet" { # outside_vswitch_cidr: vsw-bp1demoapp is 10.0.1.0/24
  vswitch_id             = "vsw-bp1demoapp"
  security_group_ids     = ["sg-bp1demobasic"]
  network_interface_name = "wrong_subnet"
  private_ip_addresses   = ["10.0.2.5"]
}

resource "alicloud_ecs_network_interface" "gateway" { # reserved_ip: the last three addresses are Alibaba's
  vswitch_id             = "vsw-bp1demoapp"
  security_group_ids     = ["sg-bp1demobasic"]
  network_interface_name = "gateway"
  primary_ip_address     = "10.0.1.253"
}

resource "alicloud_ecs_network_interface" "taken" { # ip_in_use: 10.0.1.11 is on eni-bp1demoweb01
  vswitch_id             = "vsw-bp1demoapp"
  security_group_ids     = ["sg-bp1demobasic"]
  network_interface_name = "taken"
  private_ip_addresses   = ["10.0.1.11"]
}

resource "alicloud_ecs_network_interface" "negative" { # invalid_count: -1
  vswitch_id                         = "vsw-bp1demoapp"
  security_group_ids                 = ["sg-bp1demobasic"]
  network_interface_name             = "negative"
  secondary_private_ip_address_count = var.extra_ips
}

# eni_not_found: the old resource type and attribute names, for an ENI deleted outside Terraform
# (planned with -refresh=false, the state still holds eni-bp1doesnotexist).
resource "alicloud_network_interface" "legacy" {
  vswitch_id        = "vsw-bp1demoapp"
  security_groups   = ["sg-bp1demobasic"]
  name              = "legacy"
  private_ips_count = 2
}

resource "alicloud_ecs_network_interface" "detaching" { # eni_state: eni-bp1demodetach is Detaching
  vswitch_id             = "vsw-bp1demoapp"
  security_group_ids     = ["sg-bp1demobasic"]
  network_interface_name = "detaching"
  private_ip_addresses   = ["10.0.1.111"]
}

resource "alicloud_instance" "starting" { # instance_state: i-bp1demostarting is Starting
  image_id              = "aliyun_3_x64_20G_alibase_20240819.vhd"
  instance_type         = "ecs.g6.large"
  vswitch_id            = "vsw-bp1demoapp"
  security_groups       = ["sg-bp1demobasic"]
  instance_name         = "starting"
  secondary_private_ips = ["10.0.1.51"]
}

resource "alicloud_instance" "cache" { # eni_ip_limit: ecs.g6.large takes 6 per ENI, 1 + 6 is 7
  image_id                           = "aliyun_3_x64_20G_alibase_20240819.vhd"
  instance_type                      = "ecs.g6.large"
  vswitch_id                         = "vsw-bp1demoapp"
  security_groups                    = ["sg-bp1demobasic"]
  instance_name                      = "cache"
  secondary_private_ip_address_count = 6
}

resource "alicloud_ecs_network_interface" "fleet" { # security_group_quota: sg-bp1demofull has 10 left, 2 x 6 are 12
  count                              = 2
  vswitch_id                         = "vsw-bp1demofleet"
  security_group_ids                 = ["sg-bp1demofull"]
  network_interface_name             = "fleet"
  secondary_private_ip_address_count = 5
}

resource "alicloud_ecs_network_interface" "small" { # vswitch_exhausted: 2 free, the primary takes 1, 2 more asked
  vswitch_id                         = "vsw-bp1demosmall"
  security_group_ids                 = ["sg-bp1demobasic"]
  network_interface_name             = "small"
  secondary_private_ip_address_count = 2
}
