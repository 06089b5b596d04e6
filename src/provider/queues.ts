// The provider process's two queues (one SerialQueue class, the cloud layer's). Checks run one at a
// time per region (read the run's demand, gather facts, validate, record: atomic, so two checks in
// flight see each other), and create/update/delete run one at a time per ENI (re-validate and mutate
// with the ENI held steady, so two creates on one ENI cannot both pass re-validation and
// over-commit). The cloud layer's own per-ENI queue sits inside this one around each single
// mutation, so the two never wait on each other in a cycle.
import { SerialQueue } from "../cloud/serial-queue";

/** check: read-validate-record per region. */
export const checkQueue = new SerialQueue();
/** create/update/delete: re-validate and mutate per ENI (key: region/eni). */
export const eniQueue = new SerialQueue();

export function eniKey(regionId: string, networkInterfaceId: string): string {
  return `${regionId}/${networkInterfaceId}`;
}
