import fs from 'node:fs';
import path from 'node:path';
import { TEMPLATES } from '../domain/event-messages';
import { HandlebarsRenderer } from './handlebars.renderer';

const dir = path.join(__dirname, '..', 'templates');

describe('HandlebarsRenderer', () => {
  const renderer = new HandlebarsRenderer(dir, TEMPLATES);
  const hostile = '<script>alert("x")</script> & co';
  /** Every field a template of `template` names, each set to markup. */
  const hostileData = (template: string) => {
    const source = ['subject', 'txt', 'html'].map((part) => fs.readFileSync(path.join(dir, `${template}.${part}.hbs`), 'utf8')).join('');
    return Object.fromEntries([...source.matchAll(/\{\{(?:#if )?(\w+)\}\}/g)].map((m) => [m[1] as string, hostile]));
  };

  it.each(TEMPLATES)('when %s is rendered with markup in every field, then its HTML escapes it and its text keeps it', (template) => {
    const message = renderer.render(template, hostileData(template));
    expect(message.subject.length).toBeGreaterThan(0);
    expect(message.subject).not.toMatch(/[\r\n]/);
    expect(message.html).not.toContain('<script');
    expect(message.html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co');
    expect(message.text).toContain(hostile);
  });

  it('when the templates are read, then none uses the unescaped triple-stash', () => {
    const offenders = fs.readdirSync(dir).filter((f) => fs.readFileSync(path.join(dir, f), 'utf8').includes('{{{'));
    expect(offenders).toEqual([]);
  });

  it('when a template is missing from the folder, then construction fails naming the file', () => {
    expect(() => new HandlebarsRenderer(dir, ['no_such_template'])).toThrow(/no_such_template\.subject\.hbs is missing/);
  });

  it('when an unknown template is asked for, then it throws', () => {
    expect(() => renderer.render('nope', {})).toThrow('no message template named nope');
  });
});
