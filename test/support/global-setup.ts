/** Nothing global yet; corpora are installed by the tests that need them. */
export default function setup(): void {}
