import fs from 'node:fs';
import path from 'node:path';
import Handlebars from 'handlebars';
import type { MessageRenderer, RenderedMessage } from '../domain/transports';

type Compiled = Handlebars.TemplateDelegate<Record<string, unknown>>;

interface TemplateSet {
  subject: Compiled;
  text: Compiled;
  html: Compiled;
}

/**
 * The message templates, compiled once at start from `<dir>/<name>.subject.hbs`, `.txt.hbs` and
 * `.html.hbs` (a missing file fails the start, not a send). HTML is compiled with handlebars'
 * escaping (templates use `{{ }}` only, never `{{{ }}}`); subject and text are plain text and are
 * not HTML-escaped. Each render gets its own isolated environment: no helpers, no partials, no
 * prototype access.
 */
export class HandlebarsRenderer implements MessageRenderer {
  private readonly templates = new Map<string, TemplateSet>();

  constructor(dir: string, names: readonly string[]) {
    const hbs = Handlebars.create();
    const read = (name: string, part: string) => {
      const file = path.join(dir, `${name}.${part}.hbs`);
      if (!fs.existsSync(file)) throw new Error(`the message template ${file} is missing`);
      return fs.readFileSync(file, 'utf8');
    };
    for (const name of names) {
      this.templates.set(name, {
        subject: hbs.compile(read(name, 'subject').trim(), { noEscape: true }),
        text: hbs.compile(read(name, 'txt'), { noEscape: true }),
        html: hbs.compile(read(name, 'html')),
      });
    }
  }

  subject(template: string, data: Record<string, unknown>): string {
    // One line, whatever the data holds: a header must not break.
    return this.set(template).subject(data).replace(/[\r\n]+/g, ' ').trim();
  }

  render(template: string, data: Record<string, unknown>): RenderedMessage {
    const set = this.set(template);
    return { subject: this.subject(template, data), text: set.text(data), html: set.html(data) };
  }

  private set(template: string): TemplateSet {
    const set = this.templates.get(template);
    if (!set) throw new Error(`no message template named ${template}`);
    return set;
  }
}
