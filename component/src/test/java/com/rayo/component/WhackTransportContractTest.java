package com.rayo.component;

class WhackTransportContractTest extends ComponentTransportContract {
    @Override ComponentTransport transport() { return new WhackComponentTransport(); }
}
