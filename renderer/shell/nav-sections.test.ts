import { describe, expect, it } from 'vitest';
import { groupNavItems } from './nav-sections';

describe('the main menu groups', () => {
  it('puts screens in their groups in the menu order, leaving out groups with nothing visible', () => {
    const items = [{ path: '/sensors' }, { path: '/' }, { path: '/tasks' }, { path: '/alerts' }, { path: '/devices' }];
    expect(groupNavItems(items)).toEqual([
      { title: null, items: [{ path: '/' }] },
      { title: 'Food safety', items: [{ path: '/alerts' }] },
      { title: 'Work', items: [{ path: '/tasks' }] },
      { title: 'Equipment', items: [{ path: '/devices' }, { path: '/sensors' }] },
    ]);
  });

  it('lists a screen no group names under "More" instead of hiding it', () => {
    expect(groupNavItems([{ path: '/' }, { path: '/brand-new' }])).toEqual([
      { title: null, items: [{ path: '/' }] },
      { title: 'More', items: [{ path: '/brand-new' }] },
    ]);
  });
});
