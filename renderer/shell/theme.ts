import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * Dense defaults for a back office used all day. Shade 8 for filled and outline colours keeps white
 * text on blue buttons above WCAG AA (blue-6, Mantine's default, is 3.5:1).
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 8 },
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, Ubuntu, "Helvetica Neue", Arial, sans-serif',
  fontSizes: { xs: '0.75rem', sm: '0.8125rem', md: '0.875rem', lg: '1rem', xl: '1.125rem' },
  headings: {
    sizes: {
      h1: { fontSize: '1.5rem', lineHeight: '1.3' },
      h2: { fontSize: '1.125rem', lineHeight: '1.35' },
      h3: { fontSize: '1rem', lineHeight: '1.4' },
    },
  },
  // Descriptions go under the input so inputs in a grid line up whatever their help text.
  // The required asterisk is drawn by CSS (app.css) instead of a span inside the label, so a label's
  // text is exactly its words and end-to-end tests can find fields with getByLabel(name, { exact: true }).
  components: {
    TextInput: { defaultProps: { size: 'sm', withAsterisk: false, inputWrapperOrder: ['label', 'input', 'description', 'error'] as ('label' | 'input' | 'description' | 'error')[] } },
    PasswordInput: { defaultProps: { size: 'sm', withAsterisk: false, inputWrapperOrder: ['label', 'input', 'description', 'error'] as ('label' | 'input' | 'description' | 'error')[] } },
    NativeSelect: { defaultProps: { size: 'sm', withAsterisk: false, inputWrapperOrder: ['label', 'input', 'description', 'error'] as ('label' | 'input' | 'description' | 'error')[] } },
    NumberInput: { defaultProps: { size: 'sm', withAsterisk: false, inputWrapperOrder: ['label', 'input', 'description', 'error'] as ('label' | 'input' | 'description' | 'error')[] } },
    Button: { defaultProps: { size: 'sm' } },
    Modal: { styles: { title: { fontWeight: 600, fontSize: 'var(--mantine-font-size-lg)' } } },
    Table: { defaultProps: { verticalSpacing: 6, horizontalSpacing: 'sm', fz: 'sm' } },
  },
});

/** Mantine's dimmed and error greys/reds are below 4.5:1 on the page background; use darker (or lighter) shades. */
export const accessibleColors: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    // Text of light-variant alerts and badges (shade 9 on shade 1) is 3.6–4.5:1 for these hues.
    '--mantine-color-green-light-color': '#1e6b30',
    '--mantine-color-orange-light-color': '#a33a0a',
    '--mantine-color-red-light-color': '#a51d1d',
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-6)',
  },
  dark: {
    '--mantine-color-dimmed': 'var(--mantine-color-dark-1)',
    '--mantine-color-error': 'var(--mantine-color-red-4)',
    '--mantine-color-placeholder': 'var(--mantine-color-dark-2)',
  },
});
