/**
 * Food Code temperatures in hundredths of a °C, each the nearest whole hundredth to its °F value,
 * so a person who types exactly "70 °F" lands exactly on the boundary (and is judged on it).
 */
export function centiCFromFahrenheit(fahrenheit: number): number {
  return Math.round(((fahrenheit - 32) * 500) / 9);
}

/** 3-501.16(A)(2) cold holding and 3-202.11(A) receiving: 41 °F (5 °C) or below. */
export const COLD_HOLDING_MAX_CENTI_C = centiCFromFahrenheit(41);
/** 3-501.16(A)(1) hot holding and 3-202.11 receiving of hot food: 135 °F (57 °C) or above. */
export const HOT_HOLDING_MIN_CENTI_C = centiCFromFahrenheit(135);
/** 3-501.14(A)(1): cooled to 70 °F within the first 2 hours. */
export const COOLING_FIRST_STAGE_CENTI_C = centiCFromFahrenheit(70);
/** 3-403.11(A): food reheated for hot holding reaches 165 °F. */
export const REHEAT_MIN_CENTI_C = centiCFromFahrenheit(165);
