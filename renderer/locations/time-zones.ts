/** This PC's zone: the default for a new location. */
export function browserTimeZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
}

/** Every IANA zone the runtime knows, always including the current and given ones. */
export function timeZoneChoices(...mustInclude: string[]): string[] {
  const zones = new Set(Intl.supportedValuesOf('timeZone'));
  zones.add('UTC');
  zones.add(browserTimeZone());
  for (const zone of mustInclude) if (zone) zones.add(zone);
  return [...zones].sort();
}

/** °F for the US and its territories, °C elsewhere: the usual unit of the people working there. */
export function defaultTemperatureUnit(): 'C' | 'F' {
  const region = navigator.language.split('-')[1]?.toUpperCase();
  return region && ['US', 'LR', 'MM', 'PR', 'GU', 'VI', 'AS', 'MP', 'BS', 'KY', 'PW', 'FM', 'MH'].includes(region) ? 'F' : 'C';
}
