// End-to-end tests wait for a real broker; their own waits have explicit timeouts.
jest.setTimeout(180_000);
