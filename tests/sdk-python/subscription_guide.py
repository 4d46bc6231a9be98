"""Stripe's guide "Integrate with third-party payment processors" (own processor), its subscription part, through
the official stripe-python SDK as Debian ships it (python3-stripe 5.0.0): a subscription created default_incomplete
(incomplete, open first invoice); a custom payment method attached as the customer's default; the payment reported
guaranteed with it and attached (invoice paid, subscription active); customer.subscription.updated and invoice.paid
reaching a loopback webhook handler that verifies each delivery with stripe.Webhook.construct_event. The pinned API
version is set as stripe-python users on an older SDK set it. Payment records and attach_payment are newer than this
SDK: they are sent through its own requestor, as such users call an endpoint their SDK does not wrap yet. Host, port
and key come from the environment."""
import http.server
import json
import os
import threading
import time

import stripe
from stripe import api_requestor, util

stripe.api_key = os.environ["STRIPE_KEY"]
stripe.api_base = "http://%s:%s" % (os.environ["STRIPE_HOST"], os.environ["STRIPE_PORT"])
stripe.api_version = "2025-10-29.clover"
stripe.max_network_retries = 0

events, failures = [], []
secret = {}


class Handler(http.server.BaseHTTPRequestHandler):
    """A webhook handler as a stripe-python user writes one: the raw body and the Stripe-Signature header go to
    stripe.Webhook.construct_event with the endpoint's secret (default tolerance)."""

    def do_POST(self):
        payload = self.rfile.read(int(self.headers["Content-Length"]))
        try:
            events.append(stripe.Webhook.construct_event(payload, self.headers["Stripe-Signature"], secret["value"]))
            self.send_response(200)
        except Exception as e:  # a bad signature must fail the test, not the server
            failures.append(repr(e))
            self.send_response(400)
        self.end_headers()

    def log_message(self, *args):
        pass


def received(event_type, object_id, where=lambda o: True):
    deadline = time.time() + 30
    while time.time() < deadline:
        for event in events:
            obj = event["data"]["object"]
            if event["type"] == event_type and obj["id"] == object_id and where(obj):
                return event
        time.sleep(0.05)
    raise AssertionError("no verified %s for %s; failures: %s" % (event_type, object_id, failures))


def post(path, **params):
    """An endpoint this SDK version does not wrap, through its own requestor (same key, base, version, encoding)."""
    response, key = api_requestor.APIRequestor().request("post", path, params)
    return util.convert_to_stripe_object(response, key, stripe.api_version, None)


def main():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        guide("http://127.0.0.1:%d/webhook" % server.server_address[1])
    finally:
        server.shutdown()
    print("stripe-python subscription guide ok")


def guide(url):
    endpoint = stripe.WebhookEndpoint.create(
        url=url, enabled_events=["customer.subscription.updated", "invoice.paid"], api_version=stripe.api_version)
    assert endpoint.secret.startswith("whsec_"), endpoint.secret
    secret["value"] = endpoint.secret

    price = stripe.Price.create(currency="usd", unit_amount=2500, recurring={"interval": "month"},
                                product_data={"name": "Gold plan"})
    customer = stripe.Customer.create(email="python@example.com", name="Subscriber")

    # "Create a new Customer ... then use it and the selected price to create a Subscription."
    subscription = stripe.Subscription.create(
        customer=customer.id, items=[{"price": price.id}], payment_behavior="default_incomplete",
        expand=["latest_invoice"])
    assert subscription.status == "incomplete", subscription.status
    invoice = subscription.latest_invoice
    assert (invoice.status, invoice.amount_due, invoice.billing_reason) == ("open", 2500, "subscription_create")
    assert invoice.parent.subscription_details.subscription == subscription.id

    # The custom payment method, attached and made the customer's default.
    pm = stripe.PaymentMethod.create(type="custom", custom={"type": "cpmt_python_processor"})
    assert (pm.type, pm.custom.type) == ("custom", "cpmt_python_processor")
    stripe.PaymentMethod.attach(pm.id, customer=customer.id)
    updated = stripe.Customer.modify(customer.id, invoice_settings={"default_payment_method": pm.id})
    assert updated.invoice_settings.default_payment_method == pm.id

    # "Record payment": processed outside Stripe, reported guaranteed with that payment method, then attached.
    now = int(time.time())
    record = post("/v1/payment_records/report_payment",
                  amount_requested={"currency": "usd", "value": invoice.amount_due},
                  payment_method_details={"payment_method": pm.id},
                  customer_details={"customer": customer.id},
                  initiated_at=now, customer_presence="off_session",
                  processor_details={"type": "custom", "custom": {"payment_reference": "acme-%d" % now}},
                  outcome="guaranteed", guaranteed={"guaranteed_at": now})
    assert (record.id[:3], record.object) == ("pr_", "payment_record"), record.id
    assert record.payment_method_details.payment_method == pm.id
    paid = post("/v1/invoices/%s/attach_payment" % invoice.id, payment_record=record.id)
    assert (paid.status, paid.amount_paid) == ("paid", 2500), (paid.status, paid.amount_paid)
    assert stripe.Subscription.retrieve(subscription.id).status == "active"

    # The webhooks, each verified by the SDK's own signature helper.
    assert received("invoice.paid", invoice.id)["data"]["object"]["status"] == "paid"
    received("customer.subscription.updated", subscription.id, lambda o: o["status"] == "active")

    # A forged signature is refused by the same helper.
    body = json.dumps({"id": "evt_forged", "object": "event"})
    header = "t=%d,v1=%s" % (int(time.time()), "0" * 64)
    try:
        stripe.Webhook.construct_event(body, header, secret["value"])
        raise AssertionError("a forged signature was accepted")
    except stripe.error.SignatureVerificationError:
        pass
    assert not failures, failures


if __name__ == "__main__":
    main()
