import { TextInput, type TextInputProps } from '@mantine/core';
import { useEffect, useState } from 'react';
import { useTimeFormat } from './time-format';

interface DateFieldProps extends Omit<TextInputProps, 'value' | 'onChange' | 'placeholder'> {
  /** The day as "2026-11-25", or "" for none. */
  value: string;
  /** "2026-11-25" once the text is a real day, "" when emptied, else the text as typed (which the form's check refuses). */
  onChange(day: string): void;
}

/**
 * A date typed in the user's own order ("25/11/2026" for day/month/year). Not the browser's
 * <input type="date">: that one writes dates in the browser's language (mm/dd/yyyy on an American
 * PC), whatever order the user chose for every other date in OpsFlow.
 */
export function DateField({ value, onChange, ...props }: DateFieldProps) {
  const time = useTimeFormat();
  const [text, setText] = useState(() => time.day(value));

  // A day set from outside (a range filled in, a form cleared, another date order) replaces the text.
  useEffect(() => {
    if ((time.parseDay(text) ?? text.trim()) !== value) setText(time.day(value));
    // Only when the value or the order changes, not on each keystroke.
  }, [value, time]);

  return (
    <TextInput
      {...props}
      value={text}
      placeholder={time.dayPattern}
      inputMode="numeric"
      autoComplete="off"
      onChange={(event) => {
        const typed = event.currentTarget.value;
        setText(typed);
        onChange(typed.trim() === '' ? '' : (time.parseDay(typed) ?? typed.trim()));
      }}
    />
  );
}
