# One ENI with a number of secondary addresses; the root module calls it with count = 2.
variable "vswitch_id" {
  description = "vSwitch of the ENI"
}

variable "security_group_id" {
  description = "its security group"
}

variable "secondary_count" {
  default     = 2
  description = "secondary addresses"
}

resource "alicloud_ecs_network_interface" "this" {
  vswitch_id                         = var.vswitch_id
  security_group_ids                 = [var.security_group_id]
  network_interface_name             = "web"
  secondary_private_ip_address_count = var.secondary_count
}

output "network_interface_id" {
  value = alicloud_ecs_network_interface.this.id
}
