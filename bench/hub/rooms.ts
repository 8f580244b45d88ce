/** The `n`th month's log document of a location: distinct documents at one location for the hub figures. */
export function logDocOf(tenantId: string, locationId: string, n: number): string {
  return `${tenantId}/${locationId}/log/${2000 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`;
}
