/**
 * The main menu in groups a manager recognises, by the screens' paths. A screen in no group is
 * listed under "More" rather than hidden, so a new screen shows up before anyone files it here.
 */
export const NAV_SECTIONS: readonly { title: string | null; paths: readonly string[] }[] = [
  { title: null, paths: ['/'] },
  { title: 'Food safety', paths: ['/alerts', '/excursions', '/units', '/checklists', '/cooling', '/reports'] },
  { title: 'Stock', paths: ['/inventory', '/inventory/receive', '/inventory/waste', '/inventory/transfer', '/inventory/counts', '/inventory/catalog', '/inventory/suppliers'] },
  { title: 'Work', paths: ['/tasks'] },
  { title: 'Equipment', paths: ['/devices', '/sensors'] },
  { title: 'Administration', paths: ['/users', '/locations', '/audit', '/settings', '/account'] },
  { title: 'Regional', paths: ['/rollup'] },
];

/** Groups the visible menu items in NAV_SECTIONS order; empty groups are left out. */
export function groupNavItems<T extends { path: string }>(items: readonly T[]): { title: string | null; items: T[] }[] {
  const placed = new Set<string>();
  const groups = NAV_SECTIONS.map((section) => {
    const inSection = section.paths.flatMap((path) => items.filter((item) => item.path === path));
    for (const item of inSection) placed.add(item.path);
    return { title: section.title, items: inSection };
  });
  groups.push({ title: 'More', items: items.filter((item) => !placed.has(item.path)) });
  return groups.filter((group) => group.items.length > 0);
}
