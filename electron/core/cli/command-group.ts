import type { Command } from 'commander';

/**
 * A top-level command that several features add subcommands to (`opsflow haccp units`, `opsflow
 * haccp checklists`…): the first to register makes it, the others join it, whatever the order.
 */
export function commandGroup(program: Command, name: string, description: string): Command {
  return program.commands.find((c) => c.name() === name) ?? program.command(name).description(description);
}
