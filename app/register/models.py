"""Register tables: organisations (participants and school boards), products, keurmerken."""

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app import clock
from app.dbtypes import UTCDateTime, one_of
from app.extensions import db

ORGANISATION_KINDS = ("supplier", "school_board", "foundation")
ONBOARDING_STAGES = (
    "Aanmelden",
    "Intake",
    "Intentieverklaring",
    "Basis kwalificatie",
    "Kwalificatie gegevensdienst",
    "Deelnemersovereenkomst",
)
GEGEVENSDIENSTEN = (
    "Onderwijsaanbod",
    "Onderwijsinrichting",
    "Onderwijsdeelnemers",
    "Onderwijsmedewerkers",
    "Leveringsorders",
    "Aanspraken",
    "Leermiddelgebruik",
    "Leermateriaalgebruik",
    "Leerresultaten",
)


class Organisation(db.Model):
    """A participant of the afsprakenstelsel (supplier) or a school board."""

    __tablename__ = "organisations"
    __table_args__ = (one_of("kind", ORGANISATION_KINDS),)

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(20), default="supplier")
    # A participant signed up to the afsprakenstelsel and can be reported about.
    is_participant: Mapped[bool] = mapped_column(default=True)
    category: Mapped[str | None] = mapped_column(String(100))
    programme: Mapped[str | None] = mapped_column(String(20))
    stage: Mapped[str | None] = mapped_column(String(40))
    oin: Mapped[str | None] = mapped_column(String(20))
    kvk: Mapped[str | None] = mapped_column(String(8))
    board_id: Mapped[str | None] = mapped_column(String(10))
    contact_email: Mapped[str | None] = mapped_column(String(254))
    is_demo: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=clock.now)

    products: Mapped[list["Product"]] = relationship(
        back_populates="organisation", order_by="Product.name", cascade="all, delete-orphan"
    )

    def __repr__(self) -> str:
        return f"<Organisation {self.id} {self.name}>"


class Product(db.Model):
    """A supplier's product, for a referentiecomponent."""

    __tablename__ = "products"
    # The unique constraint's index serves lookups by organisation_id too.
    __table_args__ = (UniqueConstraint("organisation_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    organisation_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    name: Mapped[str] = mapped_column(String(200))
    referentiecomponent: Mapped[str] = mapped_column(String(200))
    is_demo: Mapped[bool] = mapped_column(default=False)

    organisation: Mapped[Organisation] = relationship(back_populates="products")
    keurmerken: Mapped[list["Keurmerk"]] = relationship(
        back_populates="product", order_by="Keurmerk.gegevensdienst", cascade="all, delete-orphan"
    )


class Keurmerk(db.Model):
    """The quality mark granted for one product and one gegevensdienst."""

    __tablename__ = "keurmerken"
    # The unique constraint's index serves lookups by product_id too.
    __table_args__ = (UniqueConstraint("product_id", "gegevensdienst"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    gegevensdienst: Mapped[str] = mapped_column(String(40))
    granted_on: Mapped[date]
    note: Mapped[str | None] = mapped_column(Text)
    is_demo: Mapped[bool] = mapped_column(default=False)

    product: Mapped[Product] = relationship(back_populates="keurmerken")
