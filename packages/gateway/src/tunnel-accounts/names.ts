import { randomInt } from 'node:crypto';

// Short, friendly, unambiguous words that are valid DNS labels. Changing a list never renames
// an existing namespace (names are stored), it only changes which new names can be drawn.
const ADJECTIVES: readonly string[] = Object.freeze(
  (
    'agile amber azure bold brave breezy bright brisk calm clever cosmic crisp ' +
    'curious daring dapper eager early fancy fluent frosty gentle giddy golden happy ' +
    'hardy honest jolly keen kind lively lucky lunar mellow merry mighty misty ' +
    'nimble noble plucky polite proud quick quiet rapid rosy rustic shiny silent ' +
    'snowy solar spry steady sunny swift tidy trusty vivid warm witty zesty'
  ).split(' '),
);

const ANIMALS: readonly string[] = Object.freeze(
  (
    'alpaca badger beaver bison bobcat camel caribou cheetah cobra condor corgi ' +
    'coyote crane dingo dolphin eagle falcon ferret finch fox gazelle gecko gibbon ' +
    'heron hippo ibex iguana jackal koala lemur llama lynx magpie marmot meerkat ' +
    'mink moose narwhal newt ocelot orca osprey otter owl panda pelican puffin quail ' +
    'raven salmon seal sloth sparrow tapir tiger toucan turtle walrus wombat yak'
  ).split(' '),
);

/** A fresh `<adjective>-<animal>-<NNN>` name (NNN = 000–999); the caller retries on collision. */
export function randomNamespace(): string {
  const adjective = ADJECTIVES[randomInt(ADJECTIVES.length)] ?? 'brave';
  const animal = ANIMALS[randomInt(ANIMALS.length)] ?? 'otter';
  return `${adjective}-${animal}-${String(randomInt(1000)).padStart(3, '0')}`;
}

const NAMESPACE = /^[a-z]+-[a-z]+-\d{3}$/;

export function isNamespace(value: string): boolean {
  return NAMESPACE.test(value);
}

/** RFC 1035 §2.3.1 label, lower case: what a tunnel route name must be. */
const DNS_LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

export function isDnsLabel(value: string): boolean {
  return DNS_LABEL.test(value);
}
